/** The registrations store, split by job: records and reads, registering, the waitlist, cancelling, and the emails each writes. */
export * from './records';
export * from './emails';
export * from './register';
export * from './waitlist';
export * from './cancel';
export * from './changes';
export * from './edit';
export * from './feedback';
export * from './holds';
