using CowCollections.Fuzz;
using SharpFuzz;

// cow-fuzz                  : the afl-fuzz target (reads one input per run from standard input, in persistent mode)
// cow-fuzz seeds <dir>      : writes the seed corpus (small well-formed files of every kind) into <dir>
// cow-fuzz replay <file...> : runs the target on each file and prints the exception of any that fails
if (args is ["seeds", var seedDirectory])
{
    SeedCorpus.Write(seedDirectory);
    return 0;
}

string scratch = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
if (args is ["replay", .. var inputs])
{
    int failures = 0;
    foreach (string input in inputs)
    {
        try
        {
            SegmentFuzzTarget.Run(File.ReadAllBytes(input), scratch);
        }
        catch (Exception e)
        {
            failures++;
            Console.WriteLine($"{input}: {e}");
        }
    }

    Console.WriteLine($"{inputs.Length - failures} passed, {failures} failed");
    return failures == 0 ? 0 : 1;
}

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    SegmentFuzzTarget.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), scratch);
});
return 0;
