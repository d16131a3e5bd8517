import { OpenSearchClient } from '../../../functions/ingest';
import { runEndToEnd } from '../../../scripts/bench/end-to-end-bench';
import { motoEndpoint, openSearchUrl } from '../../support/env';

jest.setTimeout(180_000);

/*
 * The end-to-end bench's path, small: PutObject to moto S3, its notification through moto SQS,
 * the real handler in-process, the real node; every document of every object must be found by
 * an ids search. Counts only: timings on a shared machine are the bench's business.
 */
describe('S3 object → searchable document (the end-to-end bench, small)', () => {
  const openSearch = new OpenSearchClient(openSearchUrl());

  afterAll(() => openSearch.close());

  it('makes every document of paced and backlogged objects searchable, no message failing', async () => {
    // Prepare
    const options = {
      awsEndpoint: motoEndpoint(),
      openSearch,
      objects: 4,
      recordsPerObject: 25,
      intervalMs: 200,
      backlogObjects: 3,
      backlogRecordsPerObject: 120,
      settleMs: 60_000,
    };

    // Act
    const { paced, backlog } = await runEndToEnd(options);

    // Assess
    expect(paced).toMatchObject({ objects: 4, documents: 100, searchable: 100, failedMessages: 0 });
    expect(paced.latenciesMs).toHaveLength(4);
    expect(backlog).toMatchObject({ objects: 3, documents: 360, searchable: 360, failedMessages: 0 });
    expect(backlog?.latenciesMs).toHaveLength(3);
  });
});
