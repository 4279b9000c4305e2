namespace CowCollections.Configuration.Tests;

/// <summary>
/// The entry point of this assembly when a test starts it as a child process (the test runner never calls it).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("This assembly holds tests; run it with `dotnet test`.");
        return 2;
    }
}
