// `?raw` imports (Vite, and vitest with it): a file's text.
declare module '*?raw' {
  const text: string;
  export default text;
}
