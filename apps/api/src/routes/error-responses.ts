// The error answers every /api route declares: the access hook's refusals (401, 403), the route's own
// (400, 404), and the error handler's 500. Each body is the protocol's `{ code, message }`.
import { HttpErrorSchema } from '@forkscope/protocol';

export const ERROR_RESPONSES = {
  400: HttpErrorSchema,
  401: HttpErrorSchema,
  403: HttpErrorSchema,
  404: HttpErrorSchema,
  500: HttpErrorSchema,
} as const;
