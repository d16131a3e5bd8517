import { objectsInMessage } from '../../../functions/ingest/sqs-handler';

describe('objectsInMessage', () => {
  it('reads bucket and URL-decoded key from an S3 event notification', () => {
    // Prepare
    const body = JSON.stringify({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: 'archive' },
            object: { key: 'AWSLogs/1/CloudWatchLogs/us-east-1/my+group%2Fx/f.json.gz' },
          },
        },
      ],
    });

    // Act & Assess
    expect(objectsInMessage(body)).toEqual([
      { bucket: 'archive', key: 'AWSLogs/1/CloudWatchLogs/us-east-1/my group/x/f.json.gz' },
    ]);
  });

  it.each([
    ['the S3 test event', { Event: 's3:TestEvent', Bucket: 'archive' }, []],
    [
      'an EventBridge Object Created event',
      { 'detail-type': 'Object Created', detail: { bucket: { name: 'a' }, object: { key: 'k' } } },
      [{ bucket: 'a', key: 'k' }],
    ],
    [
      'a removal',
      {
        Records: [{ eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'a' }, object: { key: 'k' } } }],
      },
      [],
    ],
  ])('handles %s', (_name, message, expected) => {
    // Act & Assess
    expect(objectsInMessage(JSON.stringify(message))).toEqual(expected);
  });

  it('rejects a message that is not an S3 event', () => {
    // Act & Assess
    expect(() => objectsInMessage('{"hello":1}')).toThrow(/not an S3 event/);
  });
});
