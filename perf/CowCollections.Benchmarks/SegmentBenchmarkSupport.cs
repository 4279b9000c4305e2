using System.Buffers.Binary;
using System.Runtime.InteropServices;
using LightningDB;

namespace CowCollections.Benchmarks;

/// <summary>
/// Shared set-up of the segment benchmarks: temp directories, and LMDB through LightningDB.
/// The <c>liblmdb.so</c> inside the LightningDB package needs glibc 2.38; on Debian 12 (glibc 2.36) the
/// resolver loads Debian's <c>liblmdb.so.0</c> (package <c>liblmdb0</c>, installed by <c>.ci/run</c>) instead,
/// and says which library it used.
/// </summary>
internal static class SegmentBenchmarkSupport
{
    private static readonly object Gate = new();
    private static string? _loaded;

    /// <summary>Which native LMDB was loaded (printed once per process).</summary>
    public static string LmdbLibrary
    {
        get
        {
            EnsureLmdb();
            return _loaded!;
        }
    }

    public static void EnsureLmdb()
    {
        lock (Gate)
        {
            if (_loaded is not null)
            {
                return;
            }

            _loaded = "the LightningDB package's own liblmdb.so (default probing)";
            NativeLibrary.SetDllImportResolver(typeof(LightningEnvironment).Assembly, (name, assembly, path) =>
            {
                if (name != "lmdb")
                {
                    return IntPtr.Zero;
                }

                foreach (var candidate in new[] { "liblmdb.so.0", "/usr/lib/x86_64-linux-gnu/liblmdb.so.0", "/usr/lib/aarch64-linux-gnu/liblmdb.so.0" })
                {
                    if (NativeLibrary.TryLoad(candidate, out var handle))
                    {
                        _loaded = candidate + " (the system's LMDB)";
                        return handle;
                    }
                }

                return IntPtr.Zero;
            });
            string probeDir = NewDirectory("lmdb-probe");
            try
            {
                using var probe = new LightningEnvironment(probeDir);
                probe.Open();
                Console.WriteLine($"// LMDB: loaded {_loaded}");
            }
            finally
            {
                Delete(probeDir);
            }
        }
    }

    public static string NewDirectory(string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cowbench-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Delete(string? dir)
    {
        if (dir is not null && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Big-endian key bytes, so LMDB's byte order is the integer order (allows append-mode bulk loads).</summary>
    public static void Key(int key, Span<byte> bytes) => BinaryPrimitives.WriteInt32BigEndian(bytes, key);

    /// <summary>An LMDB environment holding keys 0..n-1 with value = key, bulk loaded in one transaction.</summary>
    public static (LightningEnvironment Env, LightningDatabase Db) Lmdb(string dir, int n)
    {
        var keys = Enumerable.Range(0, n).ToArray();
        return Lmdb(dir, keys, keys);
    }

    /// <summary>
    /// A new LMDB environment in <paramref name="dir"/> holding the pairs (keys big-endian as in <see cref="Key"/>,
    /// values little-endian), loaded in one transaction in append mode (LMDB's fastest load: the keys must
    /// already be in LMDB order, ascending as unsigned integers).
    /// </summary>
    public static (LightningEnvironment Env, LightningDatabase Db) Lmdb(string dir, int[] sortedKeys, int[] values)
    {
        EnsureLmdb();
        var env = new LightningEnvironment(dir, new EnvironmentConfiguration { MapSize = 1L << 30, MaxDatabases = 1 });
        env.Open();
        using var tx = env.BeginTransaction();
        var db = tx.OpenDatabase("bench", new DatabaseConfiguration { Flags = DatabaseOpenFlags.Create });
        Span<byte> k = stackalloc byte[4];
        Span<byte> v = stackalloc byte[4];
        for (int i = 0; i < sortedKeys.Length; i++)
        {
            Key(sortedKeys[i], k);
            BinaryPrimitives.WriteInt32LittleEndian(v, values[i]);
            tx.Put(db, k, v, PutOptions.AppendData);
        }

        tx.Commit();
        return (env, db);
    }

    /// <summary>The sum of the values of <paramref name="probes"/> looked up in one read transaction (the LMDB side of the lookup benchmarks).</summary>
    public static long LmdbSum(LightningEnvironment env, LightningDatabase db, int[] probes)
    {
        long sum = 0;
        Span<byte> key = stackalloc byte[4];
        Span<byte> value = stackalloc byte[4];
        using var tx = env.BeginTransaction(TransactionBeginFlags.ReadOnly);
        foreach (int k in probes)
        {
            Key(k, key);
            if (tx.TryGet(db, key, value, out _))
            {
                sum += BinaryPrimitives.ReadInt32LittleEndian(value);
            }
        }

        return sum;
    }
}
