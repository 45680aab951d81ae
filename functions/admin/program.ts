/**
 * The staff command line: one command group per concern, each in its own
 * module. `runAdmin` is what `npm run admin` runs (see cli.ts) and what the
 * tests call, with their own output streams and content.
 */
import { Command, CommanderError, Option } from 'commander';
import { contextSource, type AdminIo } from './context';
import { donationsCommand } from './donations';
import { emailsCommand } from './emails';
import { eventsCommand } from './events';
import { mentoringCommand } from './mentoring';
import { newsletterCommand } from './newsletter';
import { AdminError } from './output';
import { privacyCommand } from './privacy';
import { stages, type TargetOptions } from './target';

export function createProgram(io: AdminIo): Command {
  const program = new Command('admin')
    .description('Staff tools for the alumni site: events and registrations, mentoring, donations, email delivery and privacy requests.')
    .addOption(new Option('--stage <stage>', 'work on a deployed stage with your AWS credentials (default: the local stack of `npm start`)').choices(stages))
    .option('--table <name>', "the DynamoDB table (default: the stage's TableName output, or the local table)")
    .option('--region <region>', "the AWS region of the stage (default: the stage's region in infra/cdk.json, else AWS_REGION)")
    .option('--endpoint <url>', 'a DynamoDB Local address (default: the one `npm start` is running)')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExamples:\n  npm run admin -- events list\n  npm run admin -- events registrations reunion-2027 --format csv -o check-in.csv\n  npm run admin -- mentoring load\n  npm run admin -- donations totals --format csv\n  npm run admin -- --stage prod emails failed\n  npm run admin -- privacy export amara@example.org -o amara.json',
    );
  const context = contextSource(io, () => program.opts<TargetOptions>());
  for (const group of [eventsCommand(context), mentoringCommand(context), donationsCommand(context), newsletterCommand(context), emailsCommand(context), privacyCommand(context)])
    program.addCommand(group);

  // Every command, nested ones too, writes to the given streams and reports errors instead of exiting.
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs one command line (without `node` and the script); resolves to the exit code. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof AdminError) {
      io.stderr.write(`✖ ${error.message}\n`);
      return 1;
    }
    const name = (error as Error).name;
    if (name === 'CredentialsProviderError' || name === 'ExpiredTokenException' || name === 'UnrecognizedClientException') {
      io.stderr.write(`✖ AWS did not accept your credentials (${name}). Sign in (e.g. \`aws sso login\`) and try again.\n`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED' || name === 'TimeoutError') {
      io.stderr.write('✖ The database did not answer. Is the local stack running (`npm start`)?\n');
      return 1;
    }
    if (name === 'ResourceNotFoundException') {
      io.stderr.write(`✖ The table was not found: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
