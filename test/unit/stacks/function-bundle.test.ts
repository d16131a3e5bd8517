import { bundleFunction } from '../../../modules/function-bundle';

describe('bundleFunction', () => {
  it('fails with the missing entry named when a function has no handler.ts', () => {
    // Act
    const act = () => bundleFunction('no-such-function');

    // Assess
    expect(act).toThrow('Lambda entry functions/no-such-function/handler.ts does not exist');
  });
});
