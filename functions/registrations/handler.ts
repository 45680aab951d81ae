import { handle } from 'hono/aws-lambda';
import { apiOptionsFromEnv } from '../shared/api-options';
import { createRegistrationsApp } from './app';

export const handler = handle(createRegistrationsApp(apiOptionsFromEnv()));
