import { handle } from 'hono/aws-lambda';
import { apiOptionsFromEnv } from '../shared/api-options';
import { createDonationsApp } from './app';

export const handler = handle(createDonationsApp(apiOptionsFromEnv()));
