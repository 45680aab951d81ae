/**
 * `npm run admin -- …`: the staff command line (see program.ts, and the
 * README's "Staff command line"). The AWS clients the functions share read
 * their endpoint when first imported, so the target is set up first.
 */
import { prepareEnvironment, targetOptionsFromArgv } from './target';

const argv = process.argv.slice(2);
prepareEnvironment(targetOptionsFromArgv(argv));
const { runAdmin } = await import('./program');
process.exitCode = await runAdmin(argv, { stdout: process.stdout, stderr: process.stderr });
