import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState, type ReactNode } from 'react';
import type { TreeNode } from '../../../preload/contract';
import { DialogFooter, DialogShell } from '../../ui/FormDialog';

/** The error line and busy state of a form whose submit asks main and closes on success. */
function useSubmit(onClose: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (pending: Promise<string | null>) => {
    setBusy(true);
    void pending.then((problem) => {
      setBusy(false);
      if (problem) setError(problem);
      else onClose();
    });
  };
  return { error, setError, busy, run };
}

/** A labelled select of the collections and folders something can go in. */
function PlaceSelect({ label, value, options, onChange, extra }: { label: string; value: string; options: { id: string; label: string }[]; onChange(id: string): void; extra?: ReactNode }) {
  const id = useId();
  return (
    <div className="form-row">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="text-input" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
        {extra}
      </select>
    </div>
  );
}

/** Asks for a name: a new collection, folder or request. */
export function NameDialog({ open, title, label, initial, onOpenChange, onSubmit }: { open: boolean; title: string; label: string; initial: string; onOpenChange(open: boolean): void; onSubmit(name: string): Promise<string | null> }) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="name-dialog-description">
      <NameForm title={title} label={label} initial={initial} onSubmit={onSubmit} onClose={() => onOpenChange(false)} />
    </DialogShell>
  );
}

function NameForm({ title, label, initial, onSubmit, onClose }: { title: string; label: string; initial: string; onSubmit(name: string): Promise<string | null>; onClose(): void }) {
  const id = useId();
  const [name, setName] = useState(initial);
  const { error, setError, busy, run } = useSubmit(onClose);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() === '') return setError('Give it a name.');
        run(onSubmit(name.trim()));
      }}
    >
      <Dialog.Title className="dialog-title">{title}</Dialog.Title>
      <Dialog.Description id="name-dialog-description" className="hint">
        You can rename it later with F2 or a double-click in the sidebar.
      </Dialog.Description>
      <div className="form-row">
        <label className="form-label" htmlFor={id}>
          {label}
        </label>
        <input id={id} className="text-input" autoFocus value={name} onChange={(e) => setName(e.target.value)} onFocus={(e) => e.target.select()} />
      </div>
      <DialogFooter error={error} busy={busy} action="Create" busyAction="Creating…" />
    </form>
  );
}

/** The places a request can be saved to: every collection and folder, indented by depth. */
/** Collections and folders in tree order, each named with its path ("Partner API / Users"), so a folder is never shown without its collection. */
function places(nodes: TreeNode[]): { id: string; label: string }[] {
  const paths = new Map<string, string>();
  const out: { id: string; label: string }[] = [];
  for (const node of nodes) {
    if (node.kind === 'request') continue;
    const parent = node.parentId ? paths.get(node.parentId) : undefined;
    const label = parent ? `${parent} / ${node.name}` : node.name;
    paths.set(node.id, label);
    out.push({ id: node.id, label });
  }
  return out;
}

/** Ctrl+S on a new request: its name and where it goes (a new collection when there is none). */
export function SaveRequestDialog({ open, nodes, initialName, onOpenChange, onSave }: { open: boolean; nodes: TreeNode[]; initialName: string; onOpenChange(open: boolean): void; onSave(name: string, place: { parentId: string } | { newCollection: string }): Promise<string | null> }) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="save-request-description">
      <SaveRequestForm nodes={nodes} initialName={initialName} onSave={onSave} onClose={() => onOpenChange(false)} />
    </DialogShell>
  );
}

const NEW_COLLECTION = 'new-collection';

function SaveRequestForm({ nodes, initialName, onSave, onClose }: { nodes: TreeNode[]; initialName: string; onSave(name: string, place: { parentId: string } | { newCollection: string }): Promise<string | null>; onClose(): void }) {
  const nameId = useId();
  const collectionId = useId();
  const options = places(nodes);
  const [name, setName] = useState(initialName);
  const [place, setPlace] = useState(options[0]?.id ?? NEW_COLLECTION);
  const [collectionName, setCollectionName] = useState('My requests');
  const { error, setError, busy, run } = useSubmit(onClose);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() === '') return setError('Give the request a name.');
        if (place === NEW_COLLECTION && collectionName.trim() === '') return setError('Give the new collection a name.');
        run(onSave(name.trim(), place === NEW_COLLECTION ? { newCollection: collectionName.trim() } : { parentId: place }));
      }}
    >
      <Dialog.Title className="dialog-title">Save request</Dialog.Title>
      <Dialog.Description id="save-request-description" className="hint">
        Saved requests live in collections on this computer. Ctrl+S saves later changes in place.
      </Dialog.Description>
      <div className="form-row">
        <label className="form-label" htmlFor={nameId}>
          Request name
        </label>
        <input id={nameId} className="text-input" autoFocus value={name} onChange={(e) => setName(e.target.value)} onFocus={(e) => e.target.select()} />
      </div>
      <PlaceSelect label="Save to" value={place} options={options} onChange={setPlace} extra={<option value={NEW_COLLECTION}>New collection…</option>} />
      {place === NEW_COLLECTION && (
        <div className="form-row">
          <label className="form-label" htmlFor={collectionId}>
            Collection name
          </label>
          <input id={collectionId} className="text-input" value={collectionName} onChange={(e) => setCollectionName(e.target.value)} />
        </div>
      )}
      <DialogFooter error={error} busy={busy} action="Save" busyAction="Saving…" />
    </form>
  );
}

/** "Move to…": the keyboard's way to do what dragging does. A folder cannot go inside itself. */
export function MoveDialog({ node, nodes, onClose, onMove }: { node: TreeNode | null; nodes: TreeNode[]; onClose(): void; onMove(parentId: string): Promise<string | null> }) {
  return (
    <DialogShell open={node !== null} onOpenChange={(open) => !open && onClose()} describedBy="move-description">
      {node && <MoveForm node={node} nodes={nodes} onClose={onClose} onMove={onMove} />}
    </DialogShell>
  );
}

function MoveForm({ node, nodes, onClose, onMove }: { node: TreeNode; nodes: TreeNode[]; onClose(): void; onMove(parentId: string): Promise<string | null> }) {
  // Not the node itself, nor anything under it.
  const inside = new Set([node.id]);
  for (const n of nodes) if (n.parentId && inside.has(n.parentId)) inside.add(n.id);
  const options = places(nodes).filter((o) => !inside.has(o.id));
  const [place, setPlace] = useState(options.find((o) => o.id !== node.parentId)?.id ?? '');
  const { error, setError, busy, run } = useSubmit(onClose);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!place) return setError('There is nowhere else to move it.');
        run(onMove(place));
      }}
    >
      <Dialog.Title className="dialog-title">Move “{node.name}”</Dialog.Title>
      <Dialog.Description id="move-description" className="hint">
        It goes to the end of the collection or folder you choose. Dragging it in the sidebar does the same.
      </Dialog.Description>
      <PlaceSelect label="Move to" value={place} options={options} onChange={setPlace} />
      <DialogFooter error={error} busy={busy} action="Move" busyAction="Moving…" />
    </form>
  );
}

/** Closing a tab with unsaved changes. */
export function CloseTabDialog({ name, onSave, onDiscard, onCancel }: { name: string | null; onSave(): void; onDiscard(): void; onCancel(): void }) {
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" aria-describedby="close-tab-description">
          <Dialog.Title className="dialog-title">Save changes to “{name ?? 'Untitled request'}”?</Dialog.Title>
          <Dialog.Description id="close-tab-description" className="hint">
            Your changes are lost if you close the tab without saving them.
          </Dialog.Description>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="button" className="button danger" onClick={onDiscard}>
              Don’t save
            </button>
            <button type="button" className="button primary" autoFocus onClick={onSave}>
              Save
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
