import { EntitySchema } from "typeorm";
import { bigintColumn, booleanColumn, named, textColumn } from "./record-columns.js";

/** A row of `auth_tokens`: only the SHA-256 of a token is stored, never the token. */
export class AuthTokenRecord {
  tokenHash!: string;
  userName!: string;
  createdAt!: number;
  lastUsedAt!: number;
  expiresAt!: number;
  /** A proxy token (`GET /proxytoken`): never a login token, and without idle expiry. */
  proxy!: boolean;
}

export const AuthTokenRecordSchema = new EntitySchema<AuthTokenRecord>({
  name: "AuthTokenRecord",
  target: AuthTokenRecord,
  tableName: "auth_tokens",
  columns: {
    tokenHash: { type: "text", primary: true, name: "token_hash" },
    userName: named("user_name", textColumn),
    createdAt: bigintColumn("created_at"),
    lastUsedAt: bigintColumn("last_used_at"),
    expiresAt: bigintColumn("expires_at"),
    proxy: booleanColumn,
  },
});
