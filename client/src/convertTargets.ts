// Where a conversion proposes to write (pure, no vscode): never over a text the user may have
// written. Binary → text proposes NAME.vmbhex when it is free, else NAME.from-binary.vmbhex,
// NAME.from-binary-2.vmbhex, … (docs/binary-editor.md, Converting).

/** Most numbered variants tried before giving up on a free name (the save dialog then decides). */
export const MAX_VARIANTS = 999;

/**
 * The file name to propose for the text form of the binary `binaryName` (a base name): the first
 * of NAME.vmbhex, NAME.from-binary.vmbhex, NAME.from-binary-2.vmbhex, … for which `taken` is
 * false, with whether NAME.vmbhex itself was taken. NAME is binaryName without .vmbstate/.bin.
 */
export async function proposeTextName(
  binaryName: string,
  taken: (name: string) => Promise<boolean>,
): Promise<{ name: string; besideTaken: boolean }> {
  const stem = binaryName.replace(/\.(vmbstate|vmbhex|bin)$/i, '');
  const beside = `${stem}.vmbhex`;
  if (!(await taken(beside))) return { name: beside, besideTaken: false };
  for (let i = 1; i <= MAX_VARIANTS; i++) {
    const name = `${stem}.from-binary${i === 1 ? '' : `-${i}`}.vmbhex`;
    if (!(await taken(name))) return { name, besideTaken: true };
  }
  return { name: `${stem}.from-binary.vmbhex`, besideTaken: true };
}
