import { describe, expect, it } from 'vitest';
import { type CpuProfile, profileSummary } from './cpu-profile';

const frame = (functionName: string, url = '', lineNumber = -1) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

// root → handler (index.js:10) → exec (native); root → (idle); root → (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5] },
    { id: 2, callFrame: frame('addLine', 'file:///bundle/index.js', 9), children: [3] },
    { id: 3, callFrame: frame('exec') },
    { id: 4, callFrame: frame('(idle)') },
    { id: 5, callFrame: frame('(garbage collector)') },
  ],
  samples: [3, 3, 3, 3, 2, 2, 4, 4, 4, 5],
};

describe('profileSummary', () => {
  it('shares the samples out by function, largest first, a runtime call named with its caller', () => {
    expect(profileSummary(profile, undefined)).toEqual([
      { where: 'exec ← addLine (index.js:10)', selfShare: 0.4 },
      { where: '(idle)', selfShare: 0.3 },
      { where: 'addLine (index.js:10)', selfShare: 0.2 },
      { where: '(garbage collector)', selfShare: 0.1 },
    ]);
  });

  it('keeps the top lines only', () => {
    expect(profileSummary(profile, undefined, 2).map((line) => line.where)).toEqual([
      'exec ← addLine (index.js:10)',
      '(idle)',
    ]);
  });
});
