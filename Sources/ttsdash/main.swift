print("ttsdash")
