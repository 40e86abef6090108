/**
 * Property tests are seeded, so a run is reproducible: every fast-check
 * property without its own seed uses this one. Set FC_SEED to explore
 * other seeds (a failure prints its seed and path to replay it).
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261127) });
