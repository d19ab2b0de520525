return CatsVsDogs.CatsVsDogs.Run(args);
