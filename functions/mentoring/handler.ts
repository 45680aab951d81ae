import { handle } from 'hono/aws-lambda';
import { apiOptionsFromEnv } from '../shared/api-options';
import { createMentoringApp } from './app';

export const handler = handle(createMentoringApp(apiOptionsFromEnv()));
