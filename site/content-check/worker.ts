/**
 * Runs the content checks in a worker thread for `astro build`
 * (integrations/content-check.ts), so they take the other core while Astro
 * syncs the content, and posts the result back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkContent, type CheckOptions } from './index';

parentPort!.postMessage(await checkContent(workerData as CheckOptions));
