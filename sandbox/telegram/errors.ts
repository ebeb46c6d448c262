// A Bot API refusal: serialised as {ok:false, error_code, description, parameters}.
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = 'ApiError';
  }
}

export const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string) => new ApiError(403, `Forbidden: ${what}`);
