#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so the
# keychain tests use a real Secret Service without touching the user's own keyring.
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "The keychain tests need dbus-run-session and gnome-keyring-daemon:" >&2
  echo "  sudo apt-get install -y dbus-x11 gnome-keyring libsecret-1-dev" >&2
  exit 1
fi
XDG_DATA_HOME=$(mktemp -d)
XDG_RUNTIME_DIR=$(mktemp -d)
chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME XDG_RUNTIME_DIR
trap 'rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"' EXIT
dbus-run-session -- sh -c 'echo -n latchkey-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh "$@"
