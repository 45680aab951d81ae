/**
 * `npm run admin -- …`: the staff command line (see program.ts and
 * functions/admin/README.md). The target (local stack or a stage) is read
 * from the command line and the environment before any command runs.
 */
import { runAdmin } from './program';
import { prepareEnvironment, targetOptionsFromArgv } from './target';

const argv = process.argv.slice(2);
prepareEnvironment(targetOptionsFromArgv(argv));
process.exitCode = await runAdmin(argv, { stdout: process.stdout, stderr: process.stderr });
