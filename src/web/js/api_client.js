// The REST client: every call carries the bearer token; a non-2xx answer throws an ApiError with the API's
// {"error": {code, message, field}}. A 401 also tells the page (onUnauthorized) so it can ask for a new token.

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(field ? `${message} (${field})` : message);
    this.status = status;
    this.code = code;
    this.field = field || '';
  }
}

export class ApiClient {
  constructor(token, { onUnauthorized = () => {} } = {}) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  get(path) { return this.call('GET', path); }
  post(path, body) { return this.call('POST', path, body); }
  patch(path, body) { return this.call('PATCH', path, body); }
  remove(path) { return this.call('DELETE', path); }

  async call(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(`/api/v1${path}`, init);
    } catch (e) {
      throw new ApiError(0, 'network', `the engine is not reachable: ${e.message}`);
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    if (response.ok) return json;
    const error = (json && json.error) || {};
    if (response.status === 401) this.onUnauthorized();
    throw new ApiError(response.status, error.code || 'http_' + response.status,
                       error.message || response.statusText, error.field);
  }
}
