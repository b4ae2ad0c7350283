print("infrabook")
