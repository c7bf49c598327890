// Lesson text with code marked the way the catalogue writes it, in `backticks`: shown as code, so the
// program's own names, values and output read as such in either language.
export function RichText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  if (parts.length === 1) return <>{text}</>;
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}
