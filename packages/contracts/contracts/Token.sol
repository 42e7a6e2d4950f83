// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20TemporaryApproval} from "@openzeppelin/contracts/token/ERC20/extensions/draft-ERC20TemporaryApproval.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC7674} from "@openzeppelin/contracts/interfaces/draft-IERC7674.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title Token
/// @notice The economy's ERC-20 with configurable decimals and ERC-7674 temporary
/// approvals. The whole supply is minted to the treasury at deployment.
/// @dev Advertises ERC-7674 through ERC-165 so a TokenHolder can choose the cheap
/// transient-approval path once, when its implementation is deployed.
contract Token is ERC20TemporaryApproval, IERC165 {
    uint8 private immutable DECIMALS;

    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        uint256 supply,
        address treasury
    ) ERC20(name_, symbol_) {
        DECIMALS = decimals_;
        _mint(treasury, supply);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return DECIMALS;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC7674).interfaceId
            || interfaceId == type(IERC20).interfaceId
            || interfaceId == type(IERC165).interfaceId;
    }
}
