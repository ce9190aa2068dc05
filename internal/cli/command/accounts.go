package command

import "github.com/followup-dev/followup/internal/config"

// AccountLabel is the config's name of the account the store names
// storeName: "default" (config.DefaultAccount) for "", the top-level
// sections' account; an [[account]] name as it is.
func AccountLabel(storeName string) string {
	if storeName == "" {
		return config.DefaultAccount
	}
	return storeName
}

// StoreAccount is the store's name of the account the config names label:
// "" for config.DefaultAccount.
func StoreAccount(label string) string {
	if label == config.DefaultAccount {
		return ""
	}
	return label
}
