import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Zalo is the one thing faked, at the HTTP boundary: for this test file nothing leaves the machine (loopback stays
 * open for supertest and local fakes), and interceptors never leak from one test into the next.
 */
export function zaloOnlyThroughNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
}
