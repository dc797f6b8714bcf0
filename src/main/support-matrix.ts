import { writeFileSync } from "node:fs";
import { ARRAY_FAMILIES } from "../drivers/array-families.js";
import { renderSupportMatrix } from "../infrastructure/support-matrix/support-matrix.js";

/** `npm run docs:support-matrix`: writes docs/support-matrix.md from the listed families. */
const path = new URL("../../docs/support-matrix.md", import.meta.url);
writeFileSync(path, renderSupportMatrix(ARRAY_FAMILIES));
process.stdout.write(`wrote ${path.pathname}\n`);
