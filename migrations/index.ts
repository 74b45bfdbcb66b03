import { Foundation1764172800000 } from './1764172800000-Foundation';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const migrations = [Foundation1764172800000];
