/** Where a page's script shows a slow step's progress: a bar and a line saying what is happening now. */
export function ProgressBox({ id, label }: { id: string; label: string }) {
  return (
    <div id={id} class="progress-box" hidden>
      <progress id={`${id}-bar`} max={1} aria-label={label}></progress>
      <p id={`${id}-text`} role="status" aria-live="polite"></p>
    </div>
  )
}
