import { api } from '../api';

/** Saves text as a file: the save dialog on the desktop, a download in the browser host. Returns a status line. */
export async function saveText(name: string, text: string, fileDialogs: boolean, type = 'application/octet-stream'): Promise<string> {
  if (fileDialogs) {
    const result = await api.calls['files:saveText']({ suggestedName: name, text });
    if (!result.ok) return result.error.message;
    return result.value.path ? `Saved to ${result.value.path}` : 'Not saved';
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return `Saved as ${name}`;
}

/** Copies text, returning a status line. */
export async function copyText(text: string, what: string): Promise<string> {
  return navigator.clipboard.writeText(text).then(
    () => `Copied ${what}`,
    () => 'The clipboard refused it',
  );
}
