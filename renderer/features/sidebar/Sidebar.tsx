/** Collections live here; until they arrive, say so plainly. */
export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Collections">
      <div className="sidebar-header">
        <h2>Collections</h2>
      </div>
      <div className="sidebar-empty">
        <p className="empty-title">No collections yet</p>
        <p>Saved requests and folders will appear here. For now, Latchkey keeps the request you are editing between launches.</p>
      </div>
    </nav>
  );
}
