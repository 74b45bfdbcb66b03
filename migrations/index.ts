import { Foundation1764172800000 } from './1764172800000-Foundation';
import { RoutingAndOwnership1764259200000 } from './1764259200000-RoutingAndOwnership';
import { LiveTimeline1764349200000 } from './1764349200000-LiveTimeline';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const migrations = [Foundation1764172800000, RoutingAndOwnership1764259200000, LiveTimeline1764349200000];
