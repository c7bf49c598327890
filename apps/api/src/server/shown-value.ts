// A user's value as a one-line usage error quotes it: the password of any URL in it hidden (an argument may be
// a Redis URL given to the wrong flag), then clipped, control characters escaped.

export function shownValue(text: string): string {
  const hidden = hideUrlPasswords(text);
  const shown = hidden.length > 60 ? `${hidden.slice(0, 60)}…` : hidden;
  return JSON.stringify(shown).slice(1, -1);
}

/** `text` with the user-info of every URL in it (`//user:secret@`) hidden: for messages that quote arguments. */
export function hideUrlPasswords(text: string): string {
  return text.replace(/\/\/[^@/\s]*@/g, '//***@');
}
