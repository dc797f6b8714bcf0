/**
 * The dashboard's client of the coprsim API, the same public API every ViPR client uses:
 * `GET /login` with HTTP Basic once, then the `X-SDS-AUTH-TOKEN` it returns on every call.
 */

const TOKEN_HEADER = "X-SDS-AUTH-TOKEN";
const JSON_TYPE = "application/json";
const STORAGE_KEY = "coprsim.dashboard.sign-in";

/**
 * No cookies (the token travels in its header only), and no browser sign-in prompt: a browser
 * asks for Basic credentials itself on a 401 only when a request may carry credentials.
 */
const REQUEST_DEFAULTS = { credentials: "omit", cache: "no-store" };

/** A refusal from the API, with its ViPR service code and details. */
export class ApiError extends Error {
  constructor(status, body) {
    const code = body?.code;
    super(body?.details ?? body?.description ?? `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

/** The token is missing, expired or revoked: the user must sign in again. */
export class SignedOut extends Error {}

export class ViprApi {
  #signIn = readStoredSignIn();

  /** The signed-in user's name, or null. */
  get user() {
    return this.#signIn?.user ?? null;
  }

  async login(user, password) {
    const response = await fetch("/login", {
      headers: { accept: JSON_TYPE, authorization: `Basic ${base64(`${user}:${password}`)}` },
      ...REQUEST_DEFAULTS,
    });
    if (response.status === 401) throw new SignedOut("Wrong user name or password.");
    if (!response.ok) throw new ApiError(response.status, await jsonOf(response));
    const token = response.headers.get(TOKEN_HEADER);
    if (!token) throw new ApiError(response.status, { details: `The login answered no ${TOKEN_HEADER}.` });
    this.#signIn = { user: (await jsonOf(response))?.user ?? user, token };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.#signIn));
  }

  /** Revokes the token (`GET /logout`) and forgets it, even when the API cannot be reached. */
  async logout() {
    try {
      if (this.#signIn) await this.get("/logout");
    } finally {
      this.#forget();
    }
  }

  get(path) {
    return this.#send("GET", path);
  }

  post(path, body) {
    return this.#send("POST", path, body);
  }

  async #send(method, path, body) {
    if (!this.#signIn) throw new SignedOut("Please sign in.");
    const headers = { accept: JSON_TYPE, [TOKEN_HEADER]: this.#signIn.token };
    if (body !== undefined) headers["content-type"] = JSON_TYPE;
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      ...REQUEST_DEFAULTS,
    });
    if (response.status === 401) {
      this.#forget();
      throw new SignedOut("Your sign-in has expired. Please sign in again.");
    }
    const payload = await jsonOf(response);
    if (!response.ok) throw new ApiError(response.status, payload);
    return payload;
  }

  #forget() {
    this.#signIn = null;
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

function readStoredSignIn() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null");
    return typeof stored?.token === "string" && typeof stored?.user === "string" ? stored : null;
  } catch {
    return null;
  }
}

async function jsonOf(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { details: text };
  }
}

/** Base64 of the UTF-8 bytes, as HTTP Basic expects for names and passwords beyond ASCII. */
function base64(text) {
  return btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(""));
}
