import { handle } from 'hono/aws-lambda';
import { apiOptionsFromEnv } from '../shared/api-options';
import { createNewsletterApp } from './app';

export const handler = handle(createNewsletterApp(apiOptionsFromEnv()));
