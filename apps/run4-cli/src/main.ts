console.log("run4");
