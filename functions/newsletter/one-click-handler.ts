import { handle } from 'hono/aws-lambda';
import { apiOptionsFromEnv } from '../shared/api-options';
import { createOneClickUnsubscribeApp } from './app';

export const handler = handle(createOneClickUnsubscribeApp(apiOptionsFromEnv()));
