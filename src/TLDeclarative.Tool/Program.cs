return TLDeclarative.Tool.TlCommand.Run(args, Console.Out, Console.Error);
