import { loadPolicyDefinitions } from './dist/index.js';
for (let i = 0; i < 4; i++) { const t = performance.now(); await loadPolicyDefinitions(['/work/shared/admx/windows-11-25h2', '/work/shared/admx/office-2016']); console.log(performance.now() - t); }
