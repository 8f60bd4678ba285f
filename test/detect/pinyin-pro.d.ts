// pinyin-pro ships no declaration for its data subpath; the surname map is a plain record.
declare module 'pinyin-pro/dist/esm/data/surname.mjs' {
  const Surnames: Record<string, string>;
  export default Surnames;
}
