// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title TokenRules
/// @notice The "direct transfer" rule of an economy. A TokenHolder inside
/// `executeRule` grants this contract an allowance of exactly the session's spending
/// limit, so a batch can never move more than that.
/// @dev The owner (the economy's worker) can switch direct transfers off and on.
contract TokenRules is Ownable {
    IERC20 public immutable token;

    /// @notice Whether `directTransfers` is open. Packs into the owner's slot.
    bool public directTransfersEnabled = true;

    event DirectTransfersEnabledSet(bool enabled);

    error ZeroAddress();
    error LengthMismatch(uint256 recipients, uint256 amounts);
    error DirectTransfersDisabled();
    error TransferFailed(address to, uint256 amount);

    constructor(IERC20 token_, address worker) Ownable(worker) {
        if (address(token_) == address(0)) revert ZeroAddress();
        token = token_;
    }

    /// @notice Opens or closes `directTransfers`.
    function setDirectTransfersEnabled(bool enabled) external onlyOwner {
        directTransfersEnabled = enabled;
        emit DirectTransfersEnabledSet(enabled);
    }

    /// @notice Moves `amounts[i]` tokens from the caller to `to[i]` with transferFrom.
    function directTransfers(address[] calldata to, uint256[] calldata amounts) external {
        if (!directTransfersEnabled) revert DirectTransfersDisabled();
        uint256 count = to.length;
        if (count != amounts.length) revert LengthMismatch(count, amounts.length);
        for (uint256 i; i < count; ++i) {
            if (!token.transferFrom(msg.sender, to[i], amounts[i])) {
                revert TransferFailed(to[i], amounts[i]);
            }
        }
    }
}
