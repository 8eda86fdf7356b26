Console.WriteLine("SyncStudio.Bench");
