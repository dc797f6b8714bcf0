import { EntitySchema } from "typeorm";
import { bigintColumn, named, textColumn } from "./record-columns.js";

/** A row of `auth_tokens`: only the SHA-256 of a token is stored, never the token. */
export class AuthTokenRecord {
  tokenHash!: string;
  userName!: string;
  createdAt!: number;
  lastUsedAt!: number;
  expiresAt!: number;
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
  },
});
