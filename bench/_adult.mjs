// ARX's Adult benchmark: CUSTODIA_ADULT_DIR, or the project's shared folder beside the checkout
// (../shared/data/adult), whichever has adult.csv.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const candidates = [
  process.env.CUSTODIA_ADULT_DIR,
  fileURLToPath(new URL('../../shared/data/adult/', import.meta.url)),
].filter(Boolean).map((d) => (d.endsWith('/') ? d : d + '/'));

/** URL of the folder with adult.csv and the hierarchy files. */
export const ADULT_URL = pathToFileURL(candidates.find((d) => existsSync(d + 'adult.csv')) ?? candidates[0]);
