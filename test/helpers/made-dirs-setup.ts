import { afterAll } from 'vitest';
import { removeMadeDirs } from './app.js';

// Registered before the file's own hooks, so it runs after them (vitest runs them in reverse).
afterAll(removeMadeDirs);
