import {
  GetObjectCommand,
  ListObjectsV2Command,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectBody } from '../../functions/ingest/object-reader';
import { readsByRange, s3RangeObject, type RandomAccessObject } from '../../functions/ingest/random-access';
import type { ListFolders } from './find-day-prefixes';

export interface ArchivedObject {
  readonly key: string;
  readonly size: number;
}

export function s3Folders(s3: S3Client, bucket: string): ListFolders {
  return async (prefix, delimiter = '/') => {
    const folders: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          Delimiter: delimiter,
          ContinuationToken: token,
        }),
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return folders;
  };
}

/** Every object under a prefix, at any depth (hour folders included). */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<ArchivedObject[]> {
  const objects: ArchivedObject[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? [])
      if (o.Key && !o.Key.endsWith('/')) objects.push({ key: o.Key, size: o.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/** The object is in Glacier (the archive's lifecycle moves it there after glacierAfterDays) and not restored. */
export class ArchivedInGlacierError extends Error {}

export async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<ObjectBody | RandomAccessObject> {
  try {
    // Parquet (Security Lake) is read by byte ranges, row group by row group, as the function does.
    if (readsByRange(key)) return await s3RangeObject(s3, { bucket, key });
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!Body) throw new Error(`s3://${bucket}/${key} has no body`);
    return Body as unknown as AsyncIterable<Uint8Array>;
  } catch (err) {
    if (err instanceof Error && err.name === 'InvalidObjectState') {
      throw new ArchivedInGlacierError(`s3://${bucket}/${key} is in Glacier`);
    }
    throw err;
  }
}

/**
 * Asks S3 to bring a Glacier object back for `days` days (Bulk tier: cheapest, within 48 hours).
 * Already-requested restores answer RestoreAlreadyInProgress, which is what we want anyway.
 */
export async function requestGlacierRestore(
  s3: S3Client,
  bucket: string,
  key: string,
  days = 7,
): Promise<void> {
  try {
    await s3.send(
      new RestoreObjectCommand({
        Bucket: bucket,
        Key: key,
        RestoreRequest: { Days: days, GlacierJobParameters: { Tier: 'Bulk' } },
      }),
    );
  } catch (err) {
    if (!(err instanceof Error && err.name === 'RestoreAlreadyInProgress')) throw err;
  }
}
