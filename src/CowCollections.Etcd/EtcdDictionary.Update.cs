using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CowCollections.Etcd.Internal;
using Etcdserverpb;
using Grpc.Core;

namespace CowCollections.Etcd;

/// <content>The distributed <c>Update</c>: optimistic concurrency guarded by mod revisions.</content>
public sealed partial class EtcdDictionary
{
    /// <summary>How many times a transaction whose first attempt was lost is sent again while its guard still holds.</summary>
    private const int LostAttemptResends = 3;

    /// <summary>The response header grpc-dotnet adds when its retry policy sent the call more than once.</summary>
    private const string PreviousAttemptsHeader = "grpc-previous-rpc-attempts";

    /// <summary>
    /// The container's <c>Update</c> made distributed: runs <paramref name="transform"/> on the mirror's current
    /// version and commits the difference as one etcd transaction, guarded so that it commits only if nothing
    /// under the prefix changed since that version; on conflict it waits until the mirror shows a newer version
    /// and runs <paramref name="transform"/> again. Returns once this mirror shows the result.
    /// </summary>
    /// <remarks>
    /// <para><b>Guard.</b> Every key the transform added, changed or removed must still have the mod revision
    /// the mirror saw (or still be absent), and no key under the prefix may have been written after the
    /// mirror's revision. Concurrent updates from any number of processes therefore serialize: none is lost,
    /// as with <see cref="CopyOnWriteDictionary{TKey, TValue}.Update(Func{PersistentDictionary{TKey, TValue}, PersistentDictionary{TKey, TValue}})"/>.
    /// A key removed by another writer that the transform neither changed nor re-created does not break the
    /// guard (etcd cannot compare a range for deletions).</para>
    /// <para><b>The transform may run more than once</b> and must be pure. Returning its argument (or an equal
    /// dictionary) commits nothing. The difference must fit in one transaction (etcd's <c>--max-txn-ops</c>).</para>
    /// <para><b>Unknown outcomes.</b> When the connection is lost after the transaction was sent, the guard is
    /// evaluated again with a read-only transaction: if it still holds, nothing was committed and the same
    /// transaction is sent again (the guard lets at most one of them commit). Otherwise the outcome cannot be
    /// known and <see cref="EtcdCommitUnknownException"/> is thrown; the transform is never applied twice.
    /// Cancellation during the commit leaves the outcome unknown in the same way.</para>
    /// <para>Cost per attempt: the transform, one Diff (proportional to what changed), one round trip.</para>
    /// </remarks>
    /// <param name="transform">Computes the next content from the current one.</param>
    /// <param name="cancellationToken">Ends the retries and the wait for the mirror.</param>
    /// <returns>The etcd revision of the committed transaction, or the revision the transform saw when it changed nothing.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null.</exception>
    /// <exception cref="EtcdCommitUnknownException">The outcome of a commit could not be known.</exception>
    /// <exception cref="RpcException">etcd refused the transaction (for example: too many operations).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The mirror was disposed.</exception>
    public async Task<long> UpdateAsync(Func<PersistentDictionary<string, string>, PersistentDictionary<string, string>> transform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transform);
        for (var conflicts = 0; ; conflicts++)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            cancellationToken.ThrowIfCancellationRequested();
            var current = Current;
            var next = transform(current.Items) ?? throw new InvalidOperationException("The update function returned null.");
            var diff = ReferenceEquals(next, current.Items) ? [] : current.Items.Diff(next);
            if (diff.Count == 0)
            {
                return current.Revision;
            }

            var (committed, revision) = await CommitAsync(GuardedTransaction(current, diff), cancellationToken).ConfigureAwait(false);
            if (committed)
            {
                await WaitForAppliedAsync(revision, cancellationToken).ConfigureAwait(false);
                return revision;
            }

            // The guard broke, so a revision after the one the transform saw touched the prefix: run the
            // transform again once the mirror shows it.
            await WaitForAppliedAsync(current.Revision + 1, cancellationToken).ConfigureAwait(false);

            if (conflicts > 0)
            {
                // Under heavy contention, spread the retries a little (bounded at 50 ms).
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2 * conflicts, 50)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TxnRequest GuardedTransaction(EtcdSnapshot seen, IReadOnlyList<DictionaryChange<string, string>> diff)
    {
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare
        {
            Key = _keys.PrefixBytes,
            RangeEnd = _keys.RangeEnd,
            Target = Compare.Types.CompareTarget.Mod,
            Result = Compare.Types.CompareResult.Less,
            ModRevision = seen.Revision + 1,
        });
        foreach (var change in diff)
        {
            var key = _keys.Full(change.Key);
            txn.Compare.Add(seen.TryGetModRevision(change.Key, out var modRevision)
                ? new Compare { Key = key, Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = modRevision }
                : new Compare { Key = key, Target = Compare.Types.CompareTarget.Version, Result = Compare.Types.CompareResult.Equal, Version = 0 });
            txn.Success.Add(change.Kind == DictionaryChangeKind.Removed
                ? new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = key } }
                : new RequestOp { RequestPut = new PutRequest { Key = key, Value = EtcdKeys.Value(change.NewValue!) } });
        }

        return txn;
    }

    /// <summary>Sends a guarded transaction; returns whether it committed and the revision the cluster was at.</summary>
    private async Task<(bool Committed, long Revision)> CommitAsync(TxnRequest txn, CancellationToken cancellationToken)
    {
        for (var resend = 0; ; resend++)
        {
            using var call = _kv.TxnAsync(txn, deadline: Deadline(), cancellationToken: cancellationToken);
            try
            {
                var response = await call.ResponseAsync.ConfigureAwait(false);
                if (response.Succeeded)
                {
                    return (true, response.Header.Revision);
                }

                // A broken guard is a plain conflict only if no earlier attempt of this transaction can have
                // committed: not after a lost attempt, and not after the transport's own retry.
                var headers = await call.ResponseHeadersAsync.ConfigureAwait(false);
                if (resend > 0 || headers.Get(PreviousAttemptsHeader) is not null)
                {
                    throw new EtcdCommitUnknownException("The transaction was sent more than once and a later attempt found its guard broken: an earlier attempt may have committed.");
                }

                return (false, response.Header.Revision);
            }
            catch (Exception lost) when (lost is RpcException { StatusCode: var status } ? IsOutcomeUnknown(status)
                                         : lost is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A lost connection, or the request deadline (dotnet-etcd's channel reports an exceeded
                // deadline as OperationCanceledException): the transaction may have been applied.
                bool guardHolds;
                try
                {
                    var check = new TxnRequest();
                    check.Compare.Add(txn.Compare);
                    guardHolds = (await _kv.TxnAsync(check, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false)).Succeeded;
                }
                catch (Exception unreachable) when (unreachable is RpcException || (unreachable is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    throw new EtcdCommitUnknownException("The connection was lost during the commit and the cluster could not be asked whether it happened.", lost);
                }

                if (!guardHolds || resend >= LostAttemptResends)
                {
                    throw new EtcdCommitUnknownException("The connection was lost during the commit; the keys it guarded have changed since, so it may have committed.", lost);
                }
            }
        }
    }

    /// <summary>Errors after which the request may have been applied; the others (invalid, unauthorized, ...) are definite refusals.</summary>
    private static bool IsOutcomeUnknown(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted;
}
