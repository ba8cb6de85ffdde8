// Errors from the REST API: RFC 9457 problem documents with kefu's stable code.

/** One failed field of a problem document. */
export interface ProblemDetail {
  location?: string;
  message: string;
}

/** The body of every kefu error answer. */
export interface Problem {
  code?: string;
  title?: string;
  detail?: string;
  status?: number;
  errors?: ProblemDetail[] | null;
}

/** ApiError is a failed request, with the server's code so the UI can say what went wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: ProblemDetail[] = [],
  ) {
    super(detail || code);
    this.name = 'ApiError';
  }

  /** from builds an ApiError from a status and whatever body came back (maybe none). */
  static from(status: number, body: Problem | undefined): ApiError {
    const p = body && typeof body === 'object' ? body : {};
    return new ApiError(status, p.code ?? (status === 0 ? 'network' : 'internal'), p.detail ?? p.title ?? '', p.errors ?? []);
  }
}

/** errorCode gives the stable code of any thrown value ("network" for a failed fetch). */
export function errorCode(e: unknown): string {
  if (e instanceof ApiError) return e.code;
  return 'network';
}
