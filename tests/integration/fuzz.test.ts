// Fuzzing every route, shard 1 of 2 (tests/helpers/fuzz-suite.ts): two files so the halves run side by side.
import { fuzzSuite } from '../helpers/fuzz-suite';

fuzzSuite(0, 2);
