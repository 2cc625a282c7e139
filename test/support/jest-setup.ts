// Whole-system tests wait on real processes and services: give each test minutes, not Jest's 5 s.
jest.setTimeout(180_000);
