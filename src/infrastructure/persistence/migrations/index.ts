import { InitialSchema1795795200000 } from "./1795795200000-initial-schema.migration.js";

/** Every migration, oldest first. Append new ones; never edit one that has shipped. */
export const allMigrations = [InitialSchema1795795200000];
