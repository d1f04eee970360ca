// Runs PGlite's initdb on a new folder, then exits: initdb peaks near 900 MB and a process
// keeps most of that heap afterwards, so the long-lived server opens the finished folder instead.
import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2];
if (!dir) throw new Error("usage: pglite-initdb-child.mjs <folder>");
const db = await PGlite.create(dir);
await db.close();
